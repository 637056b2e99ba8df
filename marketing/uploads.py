"""Uploads never put more than FILE_UPLOAD_MAX_BYTES on disk or in memory.

Django streams large uploads to a temporary file with no overall cap, so one request
could fill the disk before a form ever checks the size. This handler, first in
FILE_UPLOAD_HANDLERS, passes chunks on only up to the cap and counts (and drops) the
rest; the form then sees a file of the real size, without content, and refuses it with
its own "larger than" message.
"""

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class OversizedUpload(UploadedFile):
    """An upload past the cap: its real size, no content."""

    def __init__(self, name, content_type, size, charset):
        super().__init__(io.BytesIO(), name, content_type, size, charset)


class SizeCappedUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.FILE_UPLOAD_MAX_BYTES:
            return None  # the handlers after this one never see it
        return raw_data

    def file_complete(self, file_size):
        if self.received > settings.FILE_UPLOAD_MAX_BYTES:
            return OversizedUpload(self.file_name, self.content_type, self.received, self.charset)
        return None
