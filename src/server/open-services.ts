// Opens the user's store and the services on it (shared by `npm start`, `npm run dev`
// and the Playwright web server).
import type { YibaoApi } from '../api/contract.ts';
import { createServices } from '../services/services.ts';
import { defaultDatabasePath } from '../store/paths.ts';
import { Store } from '../store/store.ts';

export function openServices(file = defaultDatabasePath()): YibaoApi {
  return createServices(new Store({ file }));
}
