// A small inline icon set (16px grid, drawn with currentColor) so icons follow the theme and the
// renderer needs no icon dependency. Paths are kept simple on purpose: they must read at 14px.

const PATHS = {
  play: <path d="M5 3.5v9l7.5-4.5z" fill="currentColor" stroke="none" />,
  pause: (
    <g fill="currentColor" stroke="none">
      <rect x="4" y="3.5" width="3" height="9" rx="0.8" />
      <rect x="9" y="3.5" width="3" height="9" rx="0.8" />
    </g>
  ),
  stop: <rect x="4" y="4" width="8" height="8" rx="1.2" fill="currentColor" stroke="none" />,
  folder: <path d="M2 4.5A1.5 1.5 0 0 1 3.5 3h3l1.5 1.5h4.5A1.5 1.5 0 0 1 14 6v5.5a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 2 11.5z" />,
  open: <path d="M2 4.5A1.5 1.5 0 0 1 3.5 3h3l1.5 1.5h4A1.5 1.5 0 0 1 13.5 6v.5M2 4.5v7L4 7h10.5l-2 6H3.5A1.5 1.5 0 0 1 2 11.5" />,
  search: (
    <g>
      <circle cx="7" cy="7" r="4.2" />
      <path d="M10.2 10.2 14 14" />
    </g>
  ),
  retry: <path d="M13 8a5 5 0 1 1-1.6-3.7M13 2.5v3h-3" />,
  close: <path d="M4 4l8 8M12 4l-8 8" />,
  check: <path d="M3.5 8.5l3 3 6-7" />,
  alert: (
    <g>
      <path d="M8 2.2 14.2 13H1.8z" />
      <path d="M8 6.5v3M8 11.3v.01" />
    </g>
  ),
  info: (
    <g>
      <circle cx="8" cy="8" r="6" />
      <path d="M8 7.2v4M8 5v.01" />
    </g>
  ),
  key: (
    <g>
      <circle cx="5.5" cy="10.5" r="3" />
      <path d="M7.6 8.4 13.5 2.5M11.5 4.5l1.5 1.5M10 6l1.3 1.3" />
    </g>
  ),
  sparkle: <path d="M8 2v3M8 11v3M2 8h3M11 8h3M4 4l1.8 1.8M10.2 10.2 12 12M12 4l-1.8 1.8M5.8 10.2 4 12" />,
  playAll: (
    <g>
      <path d="M2 4h7M2 8h7M2 12h4" />
      <path d="M10.5 9v5l4-2.5z" fill="currentColor" stroke="none" />
    </g>
  ),
  upload: <path d="M8 11V3M4.5 6.5 8 3l3.5 3.5M3 11.5V13h10v-1.5" />,
  wave: <path d="M2 8h1.5M4.5 5v6M7 3v10M9.5 5.5v5M12 7v2M14 8h.01" />,
  chevronDown: <path d="M4 6l4 4 4-4" />,
  gauge: <path d="M2.5 11a5.5 5.5 0 1 1 11 0M8 11l3-4" />,
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16, className }: { name: IconName; size?: number; className?: string }): React.JSX.Element {
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.6}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[name]}
    </svg>
  );
}
