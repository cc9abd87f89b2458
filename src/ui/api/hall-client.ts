// What a window needs in a service hall, around the plain API: the working draft stays on this
// counter (the browser's localStorage) until the case is saved, instead of going to the shared
// database; and a call refused for want of a session tells the sign-in gate, which asks the
// clerk to sign in again without unmounting the workbench (nothing typed is lost). On a
// counter's own database (mode "local") every call goes through unchanged.
import { apiFromTransport, type ApiError, type Draft, type YibaoApi } from '../../api/contract.ts';
import { fail, ok, type Result } from '../../api/result.ts';

const DRAFT_KEY = 'yibao.hall.draft';

type Listener = (error: ApiError) => void;
const signedOut = new Set<Listener>();

/** Called whenever a call is refused because the session has ended (UNAUTHENTICATED). */
export function onSignedOut(listener: Listener): () => void {
  signedOut.add(listener);
  return () => signedOut.delete(listener);
}

function readLocalDraft(storage: Storage): Draft | null {
  const text = storage.getItem(DRAFT_KEY);
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
      try {
        storage().setItem(DRAFT_KEY, JSON.stringify({ caseId, form, updatedAt }));
        return ok({ updatedAt });
      } catch (error) {
        return fail('INTERNAL', `草稿未能保存在本窗口：${error instanceof Error ? error.message : String(error)}`);
      }
    },
    clearDraft: async (): Promise<Result<unknown>> => {
      storage().removeItem(DRAFT_KEY);
      return ok(null);
    },
  };
  return apiFromTransport(async (method, input) => {
    if ((method === 'getDraft' || method === 'saveDraft' || method === 'clearDraft') && (await isHall())) return local[method](input);
    const call = inner[method] as (input: unknown) => Promise<Result<unknown>>;
    const result = await call(input);
    if (!result.ok && result.error.code === 'UNAUTHENTICATED' && method !== 'signIn') for (const l of signedOut) l(result.error);
    if (method === 'bootstrap' && result.ok && (await isHall()))
      return ok({ ...(result.value as object), draft: readLocalDraft(storage()) });
    return result;
  });
}
