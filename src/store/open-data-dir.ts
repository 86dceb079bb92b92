import { accessSync, constants, mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

export class DataDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DataDirError";
  }
}

const FIX = "set DATA_DIR to a directory this user can write (default ./data)";

/**
 * DATA_DIR made ready before the database opens, with one message naming DATA_DIR, the path, the
 * reason and the fix for each way it goes wrong (a file in the way, a parent that cannot be created,
 * no write permission, a read-only disk).
 */
export function openDataDir(dataDir: string): string {
  const path = resolve(dataDir);
  let existing: ReturnType<typeof statSync> | undefined;
  try {
    existing = statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataDirError(`DATA_DIR ${path} cannot be created: ${code === "ENOTDIR" ? "a file is in the way on its path (ENOTDIR)" : `it cannot be read (${code ?? String(error)})`}; ${FIX}`);
  }
  if (existing && !existing.isDirectory()) throw new DataDirError(`DATA_DIR ${path} is a file, not a directory; move the file away or ${FIX}`);
  if (!existing) {
    try {
      mkdirSync(path, { recursive: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === "ENOTDIR" || code === "EEXIST" ? `a file is in the way on its path (${code})` : code === "EACCES" || code === "EPERM" ? `its parent ${dirname(path)} is not writable (${code})` : code === "EROFS" ? "the disk is read-only (EROFS)" : `it cannot be created (${code ?? String(error)})`;
      throw new DataDirError(`DATA_DIR ${path} cannot be created: ${why}; ${FIX}`);
    }
  }
  try {
    accessSync(path, constants.W_OK | constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "EACCES";
    throw new DataDirError(`DATA_DIR ${path} is not writable by this user (${code}); ${FIX}`);
  }
  return path;
}

/** The database file exists but cannot be opened (not SQLite, corrupt, a directory, locked). */
export function databaseError(file: string, error: unknown): DataDirError {
  const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return new DataDirError(`DATA_DIR: the database ${file} cannot be opened (${detail}); move that file away to start with an empty one, or ${FIX}`);
}
