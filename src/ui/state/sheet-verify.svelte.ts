// 核验告知单 in the window: the code typed or scanned (a USB scanner types it and presses
// Enter), the services' answer kept until the next check. Only the latest check is shown
// (src/ui/state/latest.ts).
import type { SheetVerificationView } from '../../api/contract.ts';
import { api } from '../api/client.ts';
import { Latest } from './latest.ts';

export class SheetVerifier {
  code = $state('');
  result = $state.raw<SheetVerificationView | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);
  readonly #checks = new Latest(
    () => api.verifySheet({ code: this.code }),
    (answer) => {
      this.busy = false;
      if (answer.ok) {
        this.result = answer.value;
        this.error = null;
      } else {
        this.result = null;
        this.error = answer.error.message;
      }
    },
  );

  async verify(): Promise<void> {
    if (!this.code.trim()) {
      this.error = '请输入或扫描告知单右上角的核验码。';
      this.result = null;
      return;
    }
    this.busy = true;
    await this.#checks.request();
  }
}
