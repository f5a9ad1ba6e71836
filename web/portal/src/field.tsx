/** One labelled input or textarea with its hint and error tied to it for assistive technology. */
interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onInput: (value: string) => void;
  readonly error?: string | undefined;
  readonly hint?: string;
  readonly required?: boolean;
  readonly multiline?: boolean;
  readonly maxLength?: number;
  readonly inputMode?: 'tel' | 'numeric' | 'url' | 'text';
  readonly autoComplete?: string;
}

export function Field(p: FieldProps) {
  const id = `field-${p.id}`;
  const described = [p.hint ? `hint-${p.id}` : '', p.error ? `error-${p.id}` : ''].filter(Boolean).join(' ');
  const common = {
    id,
    value: p.value,
    required: p.required,
    maxLength: p.maxLength,
    'aria-invalid': p.error ? true : undefined,
    'aria-describedby': described || undefined,
    onInput: (e: Event) => p.onInput((e.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class="field">
      <label for={id}>
        {p.label}
        {p.required && <span aria-hidden="true"> *</span>}
      </label>
      {p.hint && (
        <p id={`hint-${p.id}`} class="hint">
          {p.hint}
        </p>
      )}
      {p.multiline ? (
        <textarea {...common} rows={8} />
      ) : (
        <input {...common} type="text" inputMode={p.inputMode} autoComplete={p.autoComplete} />
      )}
      {p.error && (
        <p id={`error-${p.id}`} class="error">
          {p.error}
        </p>
      )}
    </div>
  );
}
