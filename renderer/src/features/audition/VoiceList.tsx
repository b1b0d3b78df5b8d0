import { useMemo } from 'react';
import { useAudition } from '../../store/audition';
import { useCourse } from '../../store/course';
import { Spinner } from '../../ui/Spinner';

/** Voices of the chosen locale and gender; ticked ones become rows of the grid. */
export function VoiceList(): React.JSX.Element {
  const voices = useAudition((s) => s.voices);
  const voicesState = useAudition((s) => s.voicesState);
  const voicesError = useAudition((s) => s.voicesError);
  const gender = useAudition((s) => s.gender);
  const picked = useAudition((s) => s.picked);
  const togglePick = useAudition((s) => s.togglePick);
  const loadVoices = useAudition((s) => s.loadVoices);
  const courseVoices = useCourse((s) => s.course?.voices);
  const shown = useMemo(() => (gender === 'any' ? voices : voices.filter((v) => v.gender === gender)), [voices, gender]);

  // Which course roles each voice currently speaks, shown as badges.
  const roles = useMemo(() => {
    const byVoice = new Map<string, string[]>();
    for (const [role, voice] of Object.entries(courseVoices ?? {})) byVoice.set(voice, [...(byVoice.get(voice) ?? []), role]);
    return byVoice;
  }, [courseVoices]);

  if (voicesState === 'loading' && voices.length === 0) {
    return (
      <div className="voice-list is-empty">
        <Spinner /> Loading voices…
      </div>
    );
  }
  if (voicesState === 'error') {
    return (
      <div className="voice-list is-empty" role="alert">
        <p>{voicesError}</p>
        <button type="button" className="link-btn" onClick={() => void loadVoices()}>
          Try again
        </button>
      </div>
    );
  }
  if (shown.length === 0) return <div className="voice-list is-empty muted">No voices for this locale and gender.</div>;

  return (
    <ul className="voice-list" aria-label="Voices" data-testid="voice-list">
      {shown.map((voice) => {
        const on = picked.includes(voice.shortName);
        return (
          <li key={voice.shortName}>
            <label className={on ? 'voice-item is-on' : 'voice-item'}>
              <input type="checkbox" checked={on} onChange={() => togglePick(voice.shortName)} data-testid={`voice-${voice.shortName}`} />
              <span className="voice-text">
                <span className="voice-name">{voice.displayName}</span>
                <span className="voice-meta">
                  {voice.shortName} · {voice.gender}
                </span>
              </span>
              {roles.get(voice.shortName)?.map((role) => (
                <span key={role} className="badge badge-accent">
                  {role}
                </span>
              ))}
            </label>
          </li>
        );
      })}
    </ul>
  );
}
