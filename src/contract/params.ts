/**
 * Parameter types as OpenSIPS MI knows them, plus `params` (ours, for
 * cl_send_mi/cl_broadcast_mi): a JSON array or object passed on as is.
 */
export type ParamType = 'int' | 'string' | 'array' | 'params';

export interface ParamSpec {
  readonly name: string;
  readonly type: ParamType;
}

/** One method of the control surface: its names and the parameter sets it accepts. */
export interface MethodSpec {
  /** Module that exports it; `<module>:<short>` is accepted as the 4.x canonical name. */
  readonly module: string;
  /** Local part of the 4.x canonical name, e.g. `list` for `clusterer:list`. */
  readonly short: string;
  readonly help: string;
  /** Accepted parameter sets; `[[]]` for a method without parameters. */
  readonly paramSets: readonly (readonly ParamSpec[])[];
}

/** What a parameter of a type holds once the server validated it. */
export interface ParamValues {
  int: number;
  string: string;
  array: string[];
  params: unknown[] | { [name: string]: unknown };
}

/** What a caller may send for a parameter of a type (OpenSIPS accepts a number for a string and a numeric string for an int). */
export interface ParamInputs {
  int: number | string;
  string: string | number;
  array: (string | number)[];
  params: unknown[] | { [name: string]: unknown };
}

type SpecsOf<Sets extends MethodSpec['paramSets']> = Sets[number][number];
type NamesOf<Sets extends MethodSpec['paramSets']> = SpecsOf<Sets>['name'];
type TypeOf<Sets extends MethodSpec['paramSets'], N> = Extract<SpecsOf<Sets>, { name: N }>['type'];
/** true when every set has the parameter `N`. */
type InEverySet<Sets extends MethodSpec['paramSets'], N> = [Sets[number] extends infer S ? (S extends readonly ParamSpec[] ? (N extends S[number]['name'] ? true : false) : never) : never] extends [true] ? true : false;

/** The validated params a handler gets: names of every set required, the others optional. */
export type BoundParams<Sets extends MethodSpec['paramSets']> = {
  [N in NamesOf<Sets> as InEverySet<Sets, N> extends true ? N : never]: ParamValues[TypeOf<Sets, N>];
} & {
  [N in NamesOf<Sets> as InEverySet<Sets, N> extends true ? never : N]?: ParamValues[TypeOf<Sets, N>];
};

type Positional<S extends readonly ParamSpec[]> = { -readonly [I in keyof S]: S[I] extends ParamSpec ? ParamInputs[S[I]['type']] : never };
type Named<S extends readonly ParamSpec[]> = { [P in S[number] as P['name']]: ParamInputs[P['type']] };

/** What a caller may send: the positional items of one set, or its names; nothing for a set without params. */
export type CallParams<Sets extends MethodSpec['paramSets']> = Sets[number] extends infer S
  ? S extends readonly ParamSpec[]
    ? S extends readonly [] ? never : Positional<S> | Named<S>
    : never
  : never;

/** True when the method can be called without params. */
export type NoParamsOk<Sets extends MethodSpec['paramSets']> = readonly [] extends Sets[number] ? true : false;
