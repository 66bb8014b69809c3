/*
 * File types in words, by MIME type, in both languages: the evidence panel and the packet's file details name a
 * file the same way. Plain data with no imports: the renderer reads it too. A type not listed is said by the
 * reader's own fallback (its short code).
 */
export const FILE_TYPE_WORDS: Record<'en' | 'zh-CN', Readonly<Record<string, string>>> = {
  en: {
    'application/zip': 'ZIP archive',
    'application/pdf': 'PDF document',
    'text/csv': 'CSV table',
    'text/plain': 'Plain text',
    'message/rfc822': 'Email',
    'application/vnd.ms-excel': 'Excel workbook (old .xls)',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel workbook',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
    'image/jpeg': 'JPEG picture',
    'image/png': 'PNG picture',
    'image/heic': 'HEIC photo',
    'image/webp': 'WebP picture',
    'application/ofd': 'OFD e-invoice',
    'audio/mpeg': 'MP3 recording',
    'audio/mp4': 'M4A recording',
    'video/mp4': 'MP4 video',
  },
  'zh-CN': {
    'application/zip': 'ZIP 压缩包',
    'application/pdf': 'PDF 文档',
    'text/csv': 'CSV 表格',
    'text/plain': '纯文本',
    'message/rfc822': '电子邮件',
    'application/vnd.ms-excel': 'Excel 表格（旧版 .xls）',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel 表格',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word 文档',
    'image/jpeg': 'JPEG 图片',
    'image/png': 'PNG 图片',
    'image/heic': 'HEIC 照片',
    'image/webp': 'WebP 图片',
    'application/ofd': 'OFD 电子发票',
    'audio/mpeg': 'MP3 录音',
    'audio/mp4': 'M4A 录音',
    'video/mp4': 'MP4 视频',
  },
};
