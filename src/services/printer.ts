// Printing, as the services see it: whoever runs the services hands them a printer (Electron
// prints through its own windows; browser mode and the command line make PDFs with headless
// Chromium and cannot print). The services record a print only once the printer says it was done.

export interface PrintableSheet {
  number: string;
  /** The canonical HTML, exactly as stored (its fonts are filled in by the printer). */
  html: string;
}

export type PrintOutcome = { printed: true } | { printed: false; cancelled: boolean; reason: string };

export interface SheetPrinter {
  /** The sheet as A4 PDF bytes. */
  pdf(sheet: PrintableSheet): Promise<Uint8Array>;
  /** Sends the sheet to a printer; answers when the job is finished, printed or not. */
  print(sheet: PrintableSheet): Promise<PrintOutcome>;
}
