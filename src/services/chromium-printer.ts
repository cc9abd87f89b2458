// The printer of browser mode and the command line: PDFs from the machine's headless
// Chromium; printing itself happens in the browser's own print dialog (see recordPrint).
// The temporary copy of the sheet Chromium reads is made in the data folder's tmp/.
import { ServiceError } from '../api/result.ts';
import { htmlToPdf, NoChromiumError, PdfError } from '../sheet/pdf.ts';

/** Browser mode removes the temporary sheet copies however it ends (the command line does the same). */
export { removeSheetTempsOnExit } from '../sheet/pdf.ts';
import type { SheetPrinter } from './printer.ts';

/** A Chromium printer whose temporary copies go to `tempRoot` (<data folder>/tmp). */
export function chromiumPrinterIn(tempRoot: string | null): SheetPrinter {
  return {
    async pdf(sheet) {
      try {
        return await htmlToPdf(sheet.html, { tempRoot });
      } catch (error) {
        if (error instanceof NoChromiumError) throw new ServiceError('UNSUPPORTED', error.message);
        if (error instanceof PdfError) throw new ServiceError('INTERNAL', error.message);
        throw error;
      }
    },
    async print() {
      throw new ServiceError('UNSUPPORTED', '浏览器模式下请在预览中使用“打印”（由浏览器的打印对话框选择打印机）。');
    },
  };
}

/** Without a data folder (an in-memory database in tests): the system's temp folder. */
export const chromiumPrinter: SheetPrinter = chromiumPrinterIn(null);
