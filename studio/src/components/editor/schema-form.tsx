"use client";

import { useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import type { ReactNode } from "react";

import type { JsonSchema } from "../../lib/api-types";
import { CalendarField } from "./calendar-field";
import { PromptField, isPromptSchema } from "./prompt-field";
import { WeeklyScheduleField, isWeeklySchema } from "./weekly-schedule-field";

const CodeField = dynamic(() => import("./code-field").then((module) => module.CodeField), { ssr: false });

// Config fields that contain JSONata expressions, and those that contain script code. The node
// schemas type both as plain strings, so the studio recognizes them by name.
const EXPRESSION_FIELDS = new Set(["value", "when", "expression", "condition"]);
const SCRIPT_FIELDS = new Set(["code"]);
// A text field of this name contains the name of one of the tenant's holiday calendars.
const CALENDAR_FIELD = "calendar";

/** Data that every field of the form needs besides its own schema and value. */
export interface FormContext {
  /** Spoken languages of the flow, for prompt texts side by side. */
  languages: string[];
  /** Variables for completion in expression and script editors. */
  variables: string[];
  /** Problem messages by config path, such as `options/0/key`. */
  problems: Map<string, string[]>;
}

interface FieldProps {
  name: string;
  schema: JsonSchema;
  value: unknown;
  path: string;
  required: boolean;
  context: FormContext;
  onChange(value: unknown): void;
  /** Inside a table, where the column header is the visible label. */
  compact?: boolean;
}

/** Returns the schema without a `null` alternative, as zod writes optional and nullable fields. */
export function concreteSchema(schema: JsonSchema): JsonSchema {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (!alternatives) return schema;

  const concrete = alternatives.filter((alternative) => alternative.type !== "null");
  return concrete.length === 1 ? { ...concrete[0], default: schema.default ?? concrete[0].default } : schema;
}

function schemaType(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((type) => type !== "null");
  if (schema.type) return schema.type;
  if (schema.enum) return "string";
  return schema.properties ? "object" : undefined;
}

/** Returns the field's label in the interface locale, or its name for fields of custom nodes. */
export function useFieldLabel(): (name: string) => string {
  const t = useTranslations("fields");
  return (name) => (t.has(name) ? t(name) : name);
}

function FieldProblems({ messages }: { messages: string[] | undefined }) {
  if (!messages || messages.length === 0) return null;
  return (
    <ul className="text-xs text-red-700" role="alert">
      {messages.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}

function Labelled({ label, children, problems, htmlFor, compact }: { label: string; children: ReactNode; problems?: string[]; htmlFor?: string; compact?: boolean }) {
  return (
    <div className="flex flex-col gap-1 text-xs">
      <label htmlFor={htmlFor} className={compact ? "sr-only" : "font-medium text-slate-700"}>
        {label}
      </label>
      {children}
      <FieldProblems messages={problems} />
    </div>
  );
}

function inputId(path: string): string {
  return `field-${path.replace(/[^A-Za-z0-9]+/g, "-")}`;
}

function ScalarField({ name, schema, value, path, context, onChange, compact }: FieldProps) {
  const t = useTranslations("form");
  const label = useFieldLabel()(name);
  const type = schemaType(schema);
  const id = inputId(path);
  const problems = context.problems.get(path);
  const invalid = problems !== undefined && problems.length > 0;
  const inputClass = `rounded border px-2 py-1 ${invalid ? "border-red-600" : "border-slate-300"}`;

  if (schema.enum) {
    return (
      <Labelled label={label} problems={problems} htmlFor={id} compact={compact}>
        <select id={id} value={value === undefined ? "" : String(value)} onChange={(event) => onChange(event.target.value === "" ? undefined : event.target.value)} className={inputClass} aria-invalid={invalid}>
          <option value="">{t("unset")}</option>
          {schema.enum.map((option) => (
            <option key={String(option)} value={String(option)}>
              {String(option)}
            </option>
          ))}
        </select>
      </Labelled>
    );
  }
  if (type === "boolean") {
    return (
      <div className="flex flex-col text-xs">
        <label className="flex items-center gap-2 font-medium text-slate-700">
          <input type="checkbox" checked={value === undefined ? schema.default === true : value === true} onChange={(event) => onChange(event.target.checked)} />
          {label}
        </label>
        <FieldProblems messages={problems} />
      </div>
    );
  }
  if (type === "number" || type === "integer") {
    return (
      <Labelled label={label} problems={problems} htmlFor={id} compact={compact}>
        <input
          id={id}
          type="number"
          value={typeof value === "number" ? value : ""}
          placeholder={schema.default === undefined ? undefined : String(schema.default)}
          min={schema.minimum}
          max={schema.maximum}
          step={type === "integer" ? 1 : "any"}
          onChange={(event) => onChange(event.target.value === "" ? undefined : Number(event.target.value))}
          className={inputClass}
          aria-invalid={invalid}
        />
      </Labelled>
    );
  }
  if (EXPRESSION_FIELDS.has(name) || SCRIPT_FIELDS.has(name)) {
    return (
      <Labelled label={label} problems={problems} compact={compact}>
        <CodeField language={SCRIPT_FIELDS.has(name) ? "javascript" : "jsonata"} value={typeof value === "string" ? value : ""} variables={context.variables} label={label} onChange={(text) => onChange(text === "" ? undefined : text)} />
      </Labelled>
    );
  }
  return (
    <Labelled label={label} problems={problems} htmlFor={id} compact={compact}>
      <input
        id={id}
        type="text"
        value={typeof value === "string" ? value : ""}
        placeholder={typeof schema.default === "string" ? schema.default : undefined}
        onChange={(event) => onChange(event.target.value === "" ? undefined : event.target.value)}
        className={inputClass}
        aria-invalid={invalid}
      />
    </Labelled>
  );
}

function TableField({ name, schema, value, path, context, onChange }: FieldProps) {
  const t = useTranslations("form");
  const label = useFieldLabel();
  const rows = Array.isArray(value) ? value : [];
  const items = concreteSchema(schema.items ?? {});
  const columns = items.properties ? Object.entries(items.properties) : null;

  function setRow(index: number, row: unknown) {
    onChange(rows.map((current, position) => (position === index ? row : current)));
  }

  return (
    <fieldset className="flex flex-col gap-1 text-xs">
      <legend className="font-medium text-slate-700">{label(name)}</legend>
      <FieldProblems messages={context.problems.get(path)} />
      <table className="w-full">
        {columns && (
          <thead>
            <tr>
              {columns.map(([column]) => (
                <th key={column} className="text-left font-normal text-slate-500">
                  {label(column)}
                </th>
              ))}
              <th className="sr-only">{t("actions")}</th>
            </tr>
          </thead>
        )}
        <tbody>
          {rows.map((row, index) => (
            <tr key={index} className="align-top">
              {columns ? (
                columns.map(([column, columnSchema]) => (
                  <td key={column} className="pr-1">
                    <SchemaField
                      name={column}
                      schema={columnSchema}
                      value={(row as Record<string, unknown> | undefined)?.[column]}
                      path={`${path}/${index}/${column}`}
                      required={items.required?.includes(column) ?? false}
                      context={context}
                      onChange={(cell) => setRow(index, { ...(row as Record<string, unknown>), [column]: cell })}
                      compact
                    />
                  </td>
                ))
              ) : (
                <td>
                  <SchemaField name={name} schema={items} value={row} path={`${path}/${index}`} required context={context} onChange={(cell) => setRow(index, cell)} compact />
                </td>
              )}
              <td>
                <button type="button" onClick={() => onChange(rows.filter((_, position) => position !== index))} className="rounded px-1 text-red-700 hover:bg-red-50" aria-label={t("removeRow", { row: index + 1 })}>
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => onChange([...rows, columns ? {} : ""])} className="self-start rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100">
        {t("addRow")}
      </button>
    </fieldset>
  );
}

function ObjectField({ name, schema, value, path, context, onChange }: FieldProps) {
  const label = useFieldLabel();
  const object = (value && typeof value === "object" ? value : {}) as Record<string, unknown>;

  return (
    <fieldset className="flex flex-col gap-2 rounded border border-slate-200 p-2 text-xs">
      <legend className="px-1 font-medium text-slate-700">{label(name)}</legend>
      <FieldProblems messages={context.problems.get(path)} />
      <ObjectFields schema={schema} value={object} path={path} context={context} onChange={onChange} />
    </fieldset>
  );
}

/** The fields of an object schema, one per property, in the schema's order. */
export function ObjectFields({ schema, value, path, context, onChange }: { schema: JsonSchema; value: Record<string, unknown>; path: string; context: FormContext; onChange(value: Record<string, unknown>): void }) {
  return (
    <>
      {Object.entries(schema.properties ?? {}).map(([property, propertySchema]) => (
        <SchemaField
          key={property}
          name={property}
          schema={propertySchema}
          value={value[property]}
          path={path === "" ? property : `${path}/${property}`}
          required={schema.required?.includes(property) ?? false}
          context={context}
          onChange={(next) => {
            const copy = { ...value };
            if (next === undefined) delete copy[property];
            else copy[property] = next;
            onChange(copy);
          }}
        />
      ))}
    </>
  );
}

/** One field generated from its JSON Schema: text, number, enum, boolean, table, group, prompt or schedule. */
export function SchemaField(props: FieldProps) {
  const schema = concreteSchema(props.schema);
  const type = schemaType(schema);
  const withSchema = { ...props, schema };

  if (isPromptSchema(schema)) return <PromptField {...withSchema} />;
  if (isWeeklySchema(schema)) return <WeeklyScheduleField {...withSchema} />;
  if (props.name === CALENDAR_FIELD && type === "string") return <CalendarField {...withSchema} />;
  if (type === "array") return <TableField {...withSchema} />;
  if (type === "object" && schema.properties) return <ObjectField {...withSchema} />;
  return <ScalarField {...withSchema} />;
}

export type { FieldProps };
