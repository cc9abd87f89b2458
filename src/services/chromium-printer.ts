// The printer of browser mode and the command line: PDFs from the machine's headless
// Chromium; printing itself happens in the browser's own print dialog (see recordPrint).
import { ServiceError } from '../api/result.ts';
import { htmlToPdf, NoChromiumError } from '../sheet/pdf.ts';
import type { SheetPrinter } from './printer.ts';

export const chromiumPrinter: SheetPrinter = {
  async pdf(sheet) {
    try {
      return htmlToPdf(sheet.html);
    } catch (error) {
      if (error instanceof NoChromiumError) throw new ServiceError('UNSUPPORTED', error.message);
      throw error;
    }
  },
  async print() {
    throw new ServiceError('UNSUPPORTED', '浏览器模式下请在预览中使用“打印”（由浏览器的打印对话框选择打印机）。');
  },
};
