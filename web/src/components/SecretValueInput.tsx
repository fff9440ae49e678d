import { useId, useState } from 'react';

interface SecretValueInputProps {
  label: string;
  value: string;
  onChange(value: string): void;
  hint?: string;
}

/**
 * Value entry that is masked by default: a password input, or (for multi-line values such as
 * PEM keys) a textarea masked with CSS text-security. "Show" reveals either. The value lives only
 * in the parent's state, which clears it after submitting.
 */
export function SecretValueInput({ label, value, onChange, hint }: SecretValueInputProps) {
  const id = useId();
  const [revealed, setRevealed] = useState(false);
  const [multiline, setMultiline] = useState(false);
  // No `name`: even a native (non-script) form submission would not carry the value.
  const common = {
    id,
    value,
    autoComplete: 'off',
    spellCheck: false,
    // Keep password managers from offering to save a secret value as a login.
    'data-lpignore': 'true',
    'data-1p-ignore': 'true',
    'data-bwignore': 'true',
    'aria-describedby': hint ? `${id}-hint` : undefined,
    onChange: (e: { target: { value: string } }) => onChange(e.target.value),
  };
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <div className="secret-input">
        {multiline ? (
          <textarea {...common} rows={5} className={`input input--mono ${revealed ? '' : 'masked'}`} />
        ) : (
          <input {...common} type={revealed ? 'text' : 'password'} className="input input--mono" />
        )}
        <button
          type="button"
          className="button button--small"
          aria-pressed={revealed}
          aria-controls={id}
          onClick={() => setRevealed((r) => !r)}
        >
          {revealed ? 'Hide value' : 'Show value'}
        </button>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={multiline} onChange={(e) => setMultiline(e.target.checked)} /> Multi-line value
      </label>
      {hint ? (
        <div id={`${id}-hint`} className="field__hint">
          {hint}
        </div>
      ) : null}
    </div>
  );
}
