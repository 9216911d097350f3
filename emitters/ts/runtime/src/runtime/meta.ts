// The description of an API that the runtime works from. Generated code
// (src/schemas/*.schema.ts) fills these in from the spec; the runtime
// reads nothing else.

export type FieldType =
  | "string"
  | "text"
  | "int"
  | "float"
  | "decimal"
  | "bool"
  | "date"
  | "datetime"
  | "uuid"
  | "email"
  | "url"
  | "enum"
  | "json"
  | "password";

export type FieldKind = "id" | "field" | "foreignKey" | "timestamp";

export type DefaultValue =
  | {
      readonly kind: "literal";
      readonly value: string | number | boolean | null | object;
    }
  | { readonly kind: "now" }
  | { readonly kind: "uuid" };

export interface FieldMeta {
  readonly name: string;
  /** The Prisma model's field for this column. */
  readonly key: string;
  /** The column in the database. */
  readonly column: string;
  readonly type: FieldType;
  readonly kind: FieldKind;
  readonly optional: boolean;
  readonly required: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: RegExp;
  readonly values?: readonly string[];
  readonly precision?: number;
  readonly scale?: number;
  readonly default?: DefaultValue;
  /** For a foreignKey: the entity it references. */
  readonly references?: string;
}

export interface FilterMeta {
  readonly param: string;
  readonly field: string;
  readonly ops: readonly string[];
}

export interface ConstraintMeta {
  readonly name: string;
  readonly columns: readonly string[];
  readonly fields: readonly string[];
}

export interface EntityMeta {
  readonly name: string;
  readonly table: string;
  /** The client property of the entity's Prisma model. */
  readonly model: string;
  readonly path: string;
  readonly idType: "int" | "uuid";
  readonly fields: readonly FieldMeta[];
  readonly create: readonly string[];
  readonly update: readonly string[];
  readonly read: readonly string[];
  /** The owner relation's key field, if the entity has an owner. */
  readonly ownerKey?: string;
  readonly filters: readonly FilterMeta[];
  readonly sort: readonly string[];
  readonly search: readonly string[];
  readonly defaultSort: readonly {
    readonly field: string;
    readonly desc: boolean;
  }[];
  readonly uniques: readonly ConstraintMeta[];
}

export function fieldOf(e: EntityMeta, name: string): FieldMeta {
  const f = e.fields.find((x) => x.name === name);
  if (f === undefined) throw new Error(`${e.name} has no field ${name}`);
  return f;
}
