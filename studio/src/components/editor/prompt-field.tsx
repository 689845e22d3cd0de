"use client";

import { useTranslations } from "next-intl";

import type { JsonSchema } from "../../lib/api-types";
import { useFieldLabel, type FieldProps } from "./schema-form";

/** Whether a schema is a prompt: TTS text per spoken language and a recorded prompt's name. */
export function isPromptSchema(schema: JsonSchema): boolean {
  return schema.properties?.tts !== undefined && schema.properties?.audio !== undefined;
}

/**
 * A prompt's text in each of the flow's spoken languages, side by side, and the name of a
 * recorded prompt. Spoken languages are separate from the interface locale.
 */
export function PromptField({ name, value, path, context, onChange }: FieldProps) {
  const t = useTranslations("prompt");
  const label = useFieldLabel()(name);
  const prompt = (value && typeof value === "object" ? value : {}) as { tts?: Record<string, string>; audio?: string };
  const tts = prompt.tts ?? {};
  const languages = [...new Set([...context.languages, ...Object.keys(tts)])];

  function update(next: { tts?: Record<string, string>; audio?: string }) {
    const cleaned: { tts?: Record<string, string>; audio?: string } = {};

    if (next.tts && Object.keys(next.tts).length > 0) cleaned.tts = next.tts;
    if (next.audio) cleaned.audio = next.audio;
    onChange(Object.keys(cleaned).length > 0 ? cleaned : undefined);
  }

  function setText(language: string, text: string) {
    const copy = { ...tts };
    if (text === "") delete copy[language];
    else copy[language] = text;
    update({ ...prompt, tts: copy });
  }

  const problems = [...(context.problems.get(path) ?? []), ...(context.problems.get(`${path}/tts`) ?? [])];

  return (
    <fieldset className="flex flex-col gap-2 rounded border border-slate-200 p-2 text-xs">
      <legend className="px-1 font-medium text-slate-700">{label}</legend>
      <div className="grid gap-2" style={{ gridTemplateColumns: `repeat(${Math.max(languages.length, 1)}, minmax(0, 1fr))` }}>
        {languages.map((language) => {
          const id = `prompt-${path.replace(/[^A-Za-z0-9]+/g, "-")}-${language}`;
          const languageProblems = context.problems.get(`${path}/tts/${language}`);
          return (
            <div key={language} className="flex flex-col gap-1">
              <label htmlFor={id} className="text-slate-600">
                {t.has(`language.${language}`) ? t(`language.${language}`) : language}
              </label>
              <textarea id={id} rows={3} value={tts[language] ?? ""} onChange={(event) => setText(language, event.target.value)} className="rounded border border-slate-300 px-1 py-0.5" aria-invalid={languageProblems !== undefined} />
              {languageProblems?.map((message) => (
                <span key={message} role="alert" className="text-red-700">
                  {message}
                </span>
              ))}
            </div>
          );
        })}
      </div>
      <label className="flex flex-col gap-1">
        {t("audio")}
        <input type="text" value={prompt.audio ?? ""} onChange={(event) => update({ ...prompt, audio: event.target.value })} className="rounded border border-slate-300 px-2 py-1" />
      </label>
      {problems.map((message) => (
        <span key={message} role="alert" className="text-red-700">
          {message}
        </span>
      ))}
    </fieldset>
  );
}
