import { Module } from '@nestjs/common';
import { PdfUploads } from './pdf-uploads.js';
import { UploadSlots } from './upload-slots.js';

/** PDF uploads (challenge attachments, testing reports) and the one-upload-per-user slots. */
@Module({
  providers: [PdfUploads, UploadSlots],
  exports: [PdfUploads, UploadSlots],
})
export class FilesModule {}
