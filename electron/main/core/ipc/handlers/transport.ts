/** What only the transport can do (native dialogs, the file manager). */
export interface TransportCapabilities {
  /** Shows a native open dialog and resolves the chosen path, or null when dismissed. Absent: 'unsupported'. */
  readonly chooseCourseFile?: () => Promise<string | null>;
  /** Reveals a file or folder in the system file manager. Absent: the path is only returned. */
  readonly revealInFolder?: (path: string) => void;
}
