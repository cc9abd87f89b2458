// What a window needs in a service hall, around the plain API: the working draft stays on this
// counter (the browser's localStorage) until the case is saved, instead of going to the shared
// database; and a call refused for want of a session tells the sign-in gate, which asks the
// clerk to sign in again without unmounting the workbench (nothing typed is lost). On a
// counter's own database (mode "local") every call goes through unchanged.
import { apiFromTransport, type ApiError, type Draft, type YibaoApi } from '../../api/contract.ts';
import { fail, ok, type Result } from '../../api/result.ts';
import { UNREACHABLE_HALL, UNREACHABLE_LOCAL } from './http.ts';

/** Before drafts belonged to a clerk, one key held the browser's draft: never offered to anyone. */
const SHARED_DRAFT_KEY = 'yibao.hall.draft';
/** The signed-in clerk whose draft this window keeps (a draft belongs to a clerk, issue 21). */
let draftOwner: string | null = null;
const draftKey = () => (draftOwner === null ? null : `yibao.hall.draft:${draftOwner}`);

/** Whose draft the window reads and writes from now on (the clerk who signed in), or nobody. */
export function setDraftOwner(username: string | null, storage: Storage = localStorage): void {
  draftOwner = username;
  storage.removeItem(SHARED_DRAFT_KEY);
}

type Listener = (error: ApiError) => void;
const signedOut = new Set<Listener>();

/** Called whenever a call is refused because the session has ended (UNAUTHENTICATED). */
export function onSignedOut(listener: Listener): () => void {
  signedOut.add(listener);
  return () => signedOut.delete(listener);
}

function readLocalDraft(storage: Storage): Draft | null {
  const key = draftKey();
  const text = key === null ? null : storage.getItem(key);
  if (!text) return null;
  try {
    const draft = JSON.parse(text) as Draft;
    return typeof draft === 'object' && draft !== null && 'form' in draft ? draft : null;
  } catch {
    return null;
  }
}

export function withHall(inner: YibaoApi, storage: () => Storage = () => localStorage): YibaoApi {
  let mode: Promise<'local' | 'hall'> | null = null;
  const isHall = async () => {
    mode ??= inner.hallStatus().then((r) => (r.ok ? r.value.mode : 'local'));
    const known = await mode;
    return known === 'hall';
  };
  const local = {
    getDraft: async (): Promise<Result<unknown>> => ok(readLocalDraft(storage())),
    saveDraft: async (input: unknown): Promise<Result<unknown>> => {
      const { caseId, form } = input as { caseId: string | null; form: unknown };
      const updatedAt = new Date().toISOString();
      const key = draftKey();
      if (key === null) return ok({ updatedAt });
      try {
        storage().setItem(key, JSON.stringify({ caseId, form, updatedAt }));
        return ok({ updatedAt });
      } catch (error) {
        return fail('INTERNAL', `草稿未能保存在本窗口：${error instanceof Error ? error.message : String(error)}`);
      }
    },
    clearDraft: async (): Promise<Result<unknown>> => {
      const key = draftKey();
      if (key !== null) storage().removeItem(key);
      return ok(null);
    },
  };
  return apiFromTransport(async (method, input) => {
    if ((method === 'getDraft' || method === 'saveDraft' || method === 'clearDraft') && (await isHall())) return local[method](input);
    const call = inner[method] as (input: unknown) => Promise<Result<unknown>>;
    const result = await call(input);
    if (!result.ok && result.error.message === UNREACHABLE_LOCAL && (await isHall())) return fail(result.error.code, UNREACHABLE_HALL);
    if (!result.ok && result.error.code === 'UNAUTHENTICATED' && method !== 'signIn') for (const l of signedOut) l(result.error);
    if (method === 'bootstrap' && result.ok && (await isHall()))
      return ok({ ...(result.value as object), draft: readLocalDraft(storage()) });
    return result;
  });
}
