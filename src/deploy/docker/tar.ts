// The one-file tar streams `docker cp` reads and writes (ustar, as the engine's archive API speaks it).

const BLOCK = 512;

/** A tar archive holding one regular file `name` (mode 0644, owned by root). */
export function tarOneFile(name: string, content: string | Buffer, mtime: Date = new Date()): Buffer {
  const body = Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8");
  if (Buffer.byteLength(name) > 100) throw new Error(`tar entry name too long: ${name}`);
  const header = Buffer.alloc(BLOCK, 0);
  const field = (offset: number, length: number, value: string) =>
    header.write(value, offset, length, "ascii");
  const octal = (value: number, length: number) => `${value.toString(8).padStart(length - 1, "0")}\0`;
  header.write(name, 0, 100, "utf8");
  field(100, 8, octal(0o644, 8));
  field(108, 8, octal(0, 8));
  field(116, 8, octal(0, 8));
  field(124, 12, octal(body.length, 12));
  field(136, 12, octal(Math.floor(mtime.getTime() / 1000), 12));
  field(148, 8, "        "); // checksum is computed over the header with this field as spaces
  field(156, 1, "0");
  field(257, 6, "ustar\0");
  field(263, 2, "00");
  let sum = 0;
  for (const byte of header) sum += byte;
  field(148, 8, `${sum.toString(8).padStart(6, "0")}\0 `);
  const padding = Buffer.alloc((BLOCK - (body.length % BLOCK)) % BLOCK, 0);
  return Buffer.concat([header, body, padding, Buffer.alloc(2 * BLOCK, 0)]);
}

/** The content of the first regular file in a tar archive; undefined when there is none. */
export function untarFirstFile(archive: Buffer): Buffer | undefined {
  for (let offset = 0; offset + BLOCK <= archive.length; ) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) return undefined;
    const size = Number.parseInt(header.toString("ascii", 124, 136).replace(/\0.*$/s, "").trim() || "0", 8);
    const type = String.fromCharCode(header[156] ?? 0);
    const start = offset + BLOCK;
    if (type === "0" || type === "\0") return archive.subarray(start, start + size);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  return undefined;
}
