"""The file and its zip package: refused by name and signature, inflated within limits."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import PurePosixPath

from scoring.guard.refusal import RESEND, SAVE_AS, RefusedWorkbook
from scoring.limits import Limits

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_REFUSED_SUFFIXES = {
    ".xlsm": "a macro-enabled workbook (.xlsm)",
    ".xltm": "a macro-enabled template (.xltm)",
    ".xlsb": "a binary workbook (.xlsb)",
    ".xls": "an Excel 97-2003 workbook (.xls)",
    ".csv": "a CSV file",
    ".ods": "an OpenDocument spreadsheet (.ods)",
}


def check_name_and_signature(data: bytes, name: str, limits: Limits) -> None:
    """Refuse by file name, size and first bytes, before anything is unpacked."""
    suffix = PurePosixPath(name.lower()).suffix
    if suffix in _REFUSED_SUFFIXES:
        raise RefusedWorkbook(f"this is {_REFUSED_SUFFIXES[suffix]}, not an .xlsx. {SAVE_AS}")
    if suffix != ".xlsx":
        raise RefusedWorkbook(f"expected an .xlsx workbook, found a '{suffix or 'no'}' file name")
    if not data:
        raise RefusedWorkbook("the file is empty (0 bytes)")
    if len(data) > limits.max_file_bytes:
        raise RefusedWorkbook(
            f"the file is {len(data) / 2**20:.1f} MB, more than the "
            f"{limits.max_file_bytes / 2**20:.0f} MB a bid workbook may be"
        )
    if data.startswith(_OLE_MAGIC):
        raise RefusedWorkbook(_describe_ole(data))
    if not data.startswith(_ZIP_MAGIC):
        head = data[:512]
        looks_like_text = all(byte in b"\t\r\n" or byte >= 32 for byte in head)
        found = "plain text such as CSV" if looks_like_text else "an unknown kind of file"
        raise RefusedWorkbook(f"expected an .xlsx workbook, found {found} renamed to .xlsx")


def _describe_ole(data: bytes) -> str:
    """An OLE compound file is either an encrypted workbook or an old .xls.

    An encrypted workbook's directory names its `EncryptionInfo` and `EncryptedPackage`
    streams in UTF-16. Looking for those names, rather than parsing a hostile compound
    file, cannot fail or hang, and the file is refused either way.
    """
    if any(stream.encode("utf-16-le") in data for stream in ("EncryptionInfo", "EncryptedPackage")):
        return "the workbook is encrypted (password-protected). Remove the password and resend it."
    return f"this is an Excel 97-2003 (.xls) file renamed to .xlsx. {SAVE_AS}"


def inflate_members(data: bytes, limits: Limits) -> dict[str, bytes]:
    """Every member, inflated under the size and ratio limits, declared and actual."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # Not `is_dir()`: it fails on a member with an empty name.
            infos = [info for info in archive.infolist() if not info.filename.endswith("/")]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error,
            NotImplementedError) as error:  # e.g. a zip "version needed" from the future
        raise RefusedWorkbook(
            f"the file is damaged or truncated: it is not a complete .xlsx package ({error}). "
            + RESEND
        ) from None
    if len(infos) > limits.max_members:
        raise RefusedWorkbook(
            f"the package has {len(infos)} parts, more than the {limits.max_members} allowed"
        )
    declared_total = sum(info.file_size for info in infos)
    if declared_total > limits.max_inflated_bytes:
        raise RefusedWorkbook(
            f"the package would inflate to {declared_total / 2**20:,.0f} MB, more than the "
            f"{limits.max_inflated_bytes / 2**20:.0f} MB allowed (a 'zip bomb')"
        )
    _check_ratio("the package as a whole", declared_total, len(data), limits)
    members: dict[str, bytes] = {}
    seen: dict[str, str] = {}
    for info in infos:
        if not info.filename:
            raise RefusedWorkbook("the package holds a part with no name: it is not a valid .xlsx")
        # calamine finds parts by name in any case: two names for one part are ambiguous.
        key = part_key(info.filename)
        if key in seen:
            raise RefusedWorkbook(
                f"the package holds two parts named {seen[key]} and {info.filename}: "
                "it is not a valid .xlsx"
            )
        seen[key] = info.filename
        _check_ratio(f"part {info.filename}", info.file_size, info.compress_size, limits)
        members[info.filename] = _inflate(data, info)
    return members


def part_key(name: str) -> str:
    """A part name as calamine matches it: in any case, '\\' as '/'."""
    return name.replace("\\", "/").lower()


def _check_ratio(what: str, inflated: int, compressed: int, limits: Limits) -> None:
    if inflated <= limits.ratio_applies_above_bytes:
        return
    ratio = inflated / max(compressed, 1)
    if ratio > limits.max_compression_ratio:
        raise RefusedWorkbook(
            f"{what} inflates {ratio:,.0f}-fold, more than the "
            f"{limits.max_compression_ratio:.0f}-fold a real workbook needs (a 'zip bomb')"
        )


def _inflate(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """One member's bytes, read from its local header, never more than its header declares."""
    part = info.filename
    if info.flag_bits & 0x1:
        raise RefusedWorkbook("the workbook is encrypted. Remove the password and resend it.")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise RefusedWorkbook(f"part {part} is compressed in a way Excel never uses")
    damaged = f"the file is damaged or truncated: part {part} cannot be read. {RESEND}"
    header = data[info.header_offset : info.header_offset + 30]
    if len(header) < 30 or not header.startswith(_ZIP_MAGIC):
        raise RefusedWorkbook(damaged)
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    local_name = data[info.header_offset + 30 : info.header_offset + 30 + name_length]
    if local_name != info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437"):
        raise RefusedWorkbook(
            f"part {part} has another name inside the file: zip readers differ over which "
            f"name counts. {RESEND}"
        )
    start = info.header_offset + 30 + name_length + extra_length
    raw = data[start : start + info.compress_size]
    if len(raw) < info.compress_size:
        raise RefusedWorkbook(damaged)
    if info.compress_type == zipfile.ZIP_STORED:
        content = raw
    else:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            # One byte more than declared is enough to catch a header that lies.
            content = inflater.decompress(raw, info.file_size + 1)
        except zlib.error:
            raise RefusedWorkbook(damaged) from None
        if len(content) > info.file_size:
            raise RefusedWorkbook(
                f"part {part} inflates to more than the {info.file_size:,} bytes its header "
                "declares: the header lies about its size (a 'zip bomb')"
            )
        if not inflater.eof:
            raise RefusedWorkbook(damaged)
    if len(content) != info.file_size:
        raise RefusedWorkbook(
            f"part {part} is {len(content):,} bytes, not the {info.file_size:,} bytes its header "
            f"declares. {RESEND}"
        )
    if zlib.crc32(content) != info.CRC:
        raise RefusedWorkbook(damaged)
    return content


def repack(members: dict[str, bytes]) -> bytes:
    """A fresh package holding exactly the checked bytes, stored uncompressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as copy:
        for part, content in members.items():
            copy.writestr(part, content)
    return buffer.getvalue()

