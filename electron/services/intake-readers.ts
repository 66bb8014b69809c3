/*
 * Everything the intake reads a new file with: the importers, image and PDF facts, archives, the column map.
 * Loaded on the first file that is not already filed (see intake.ts `readers`), so re-adding files the locker
 * holds costs their hashing and nothing else: sharp, pdf.js, exceljs and the rest are never loaded for them.
 */
export { layoutsForIntake, mapWithSavedLayout } from './column-map.ts';
export { heifPreview } from './heic.ts';
export { ImageRejectedError, MAX_IMAGE_PIXELS, makeThumbnail, readImage } from './image-facts.ts';
export { sanitizeFileName } from './importers/email.ts';
export { runImporters } from './importers/index.ts';
export { invoiceInstant, invoiceOfPdf } from './importers/invoice.ts';
export { mayHoldStatement, readPdfStatement } from './importers/pdf-statement.ts';
export { isWhatsappZip, parseWhatsappZip } from './importers/whatsapp-zip.ts';
export { readZip } from './importers/zip.ts';
export { PdfRejectedError, readPdf } from './pdf-facts.ts';
