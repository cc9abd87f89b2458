// The one typed API between the window and the services, derived from the API table
// (methods.ts). Electron's preload implements it over IPC; in browser mode the window
// talks to the same services over loopback HTTP. Every call returns a result object:
// errors cross the boundary as data (code + Chinese message), never as exceptions.
import type * as v from 'valibot';
import { API, type MethodSpec, type Slice } from './methods.ts';
import type { Result } from './result.ts';

export type { ApiError, ApiErrorCode, Result } from './result.ts';
export type { PolicyValueEdit, Settings } from './inputs.ts';
export type * from './shapes.ts';

export type ApiMethod = keyof typeof API;

/** Every method of the table, in the table's order. */
export const API_METHODS = Object.keys(API) as readonly ApiMethod[];

export function isApiMethod(name: string): name is ApiMethod {
  return Object.hasOwn(API, name);
}

/** What a method receives once its input has passed the table's schema. */
export type ApiInput<M extends ApiMethod> = v.InferOutput<(typeof API)[M]['input']>;
/** What a method answers with (inside its result object). */
export type ApiOutput<M extends ApiMethod> = (typeof API)[M] extends MethodSpec<Slice, v.GenericSchema, infer O> ? O : never;
/** A method without input (its input is `void`) is called with no argument. */
export type ApiFunction<M extends ApiMethod> = (input: ApiInput<M>) => Promise<Result<ApiOutput<M>>>;

export type YibaoApi = { [M in ApiMethod]: ApiFunction<M> };

/** The methods one slice of the services answers. */
export type SliceMethod<S extends Slice> = { [M in ApiMethod]: (typeof API)[M]['slice'] extends S ? M : never }[ApiMethod];
export type ServiceSlice<S extends Slice> = { [M in SliceMethod<S>]: ApiFunction<M> };

/**
 * A whole API built from one function per call (the transports: preload, HTTP client, a
 * services object that answers every call the same way). The table's methods are the keys.
 */
export function apiFromTransport(call: (method: ApiMethod, input: unknown) => Promise<Result<unknown>>): YibaoApi {
  return Object.fromEntries(API_METHODS.map((method) => [method, (input?: unknown) => call(method, input)])) as YibaoApi;
}
