/**
 * Builders for the Swagger API declarations that Asterisk serves under `/ari/api-docs`. Asterisk
 * labels them `swaggerVersion` "1.1" and uses the 1.1 field names (`httpMethod`,
 * `responseClass`, `dataType`, `errorResponses`), which is why `ari-client` prints its
 * "deprecated version of Swagger" warning.
 */

export interface Parameter {
  name: string;
  description: string;
  paramType: "path" | "query" | "body";
  required: boolean;
  allowMultiple: boolean;
  dataType: string;
  defaultValue?: string | number | boolean;
  allowableValues?: { valueType: "LIST"; values: string[] };
}

export interface Operation {
  httpMethod: string;
  summary: string;
  nickname: string;
  responseClass: string;
  parameters: Parameter[];
  errorResponses: Array<{ code: number; reason: string }>;
  upgrade?: string;
  websocketProtocol?: string;
}

export interface Api {
  path: string;
  description: string;
  operations: Operation[];
}

export interface Property {
  type: string;
  description: string;
  required?: boolean;
  allowableValues?: { valueType: "LIST"; values: string[] };
}

export interface Model {
  id: string;
  description: string;
  properties: Record<string, Property>;
  extends?: string;
  subTypes?: string[];
  discriminator?: string;
}

/** One API declaration: its operations and the models they name. */
export interface ResourceSpec {
  name: string;
  description: string;
  apis: Api[];
  models: Record<string, Model>;
}

export function pathParam(name: string, description: string): Parameter {
  return { name, description, paramType: "path", required: true, allowMultiple: false, dataType: "string" };
}

export function queryParam(
  name: string,
  dataType: string,
  description: string,
  extra: { required?: boolean; multiple?: boolean; defaultValue?: string | number | boolean; values?: string[] } = {},
): Parameter {
  const parameter: Parameter = {
    name,
    description,
    paramType: "query",
    required: extra.required ?? false,
    allowMultiple: extra.multiple ?? false,
    dataType,
  };

  if (extra.defaultValue !== undefined) parameter.defaultValue = extra.defaultValue;
  if (extra.values) parameter.allowableValues = { valueType: "LIST", values: extra.values };
  return parameter;
}

/** Describes a JSON body member. `ari-client` sends `{"variables": {...}}` for the `variables` parameter. */
export function bodyParam(name: string, dataType: string, description: string): Parameter {
  return { name, description, paramType: "body", required: false, allowMultiple: false, dataType };
}

export function operation(
  httpMethod: string,
  nickname: string,
  responseClass: string,
  summary: string,
  parameters: Parameter[] = [],
  errors: Array<[number, string]> = [],
): Operation {
  return { httpMethod, summary, nickname, responseClass, parameters, errorResponses: errors.map(([code, reason]) => ({ code, reason })) };
}

export function api(path: string, description: string, ...operations: Operation[]): Api {
  return { path, description, operations };
}

export function prop(type: string, description: string, required = false, values?: string[]): Property {
  const property: Property = { type, description };

  if (required) property.required = true;
  if (values) property.allowableValues = { valueType: "LIST", values };
  return property;
}

export function model(id: string, description: string, properties: Record<string, Property>, extra: Partial<Model> = {}): Model {
  return { id, description, properties, ...extra };
}

export function models(...list: Model[]): Record<string, Model> {
  return Object.fromEntries(list.map((item) => [item.id, item]));
}
