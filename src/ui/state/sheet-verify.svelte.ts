// 核验告知单 in the window: the code typed or scanned (a USB scanner types it and presses
// Enter), the services' answer kept until the next check. Only the latest check is shown.
import type { SheetVerificationView } from '../../api/contract.ts';
import { api } from '../api/client.ts';

export class SheetVerifier {
  code = $state('');
  result = $state.raw<SheetVerificationView | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);
  #seq = 0;

  async verify(): Promise<void> {
    if (!this.code.trim()) {
      this.error = '请输入或扫描告知单右上角的核验码。';
      this.result = null;
      return;
    }
    const mine = ++this.#seq;
    this.busy = true;
    const answer = await api.verifySheet({ code: this.code });
    if (mine !== this.#seq) return;
    this.busy = false;
    if (answer.ok) {
      this.result = answer.value;
      this.error = null;
    } else {
      this.result = null;
      this.error = answer.error.message;
    }
  }
}
