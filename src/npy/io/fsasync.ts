/**
 * Promise forms of the few file-system calls the engine and the CLI make, over fs's callback API
 * with plain file descriptors. Not `fs.promises`: its first use loads a dozen more Node modules
 * (streams, readline, file watchers), a few ms of every `npyview` start.
 */
import {
  access as fsAccess, close as fsClose, fchmod as fsFchmod, fchown as fsFchown, fstat as fsFstat, lstat as fsLstat, open as fsOpen,
  read as fsRead, readlink as fsReadlink, rename as fsRename, stat as fsStat, Stats, unlink as fsUnlink, write as fsWrite,
} from 'fs';

function done<T>(resolve: (v: T) => void, reject: (e: Error) => void): (e: NodeJS.ErrnoException | null, v: T) => void {
  return (e, v) => (e ? reject(e) : resolve(v));
}

export const open = (path: string, flags: string | number, mode?: number): Promise<number> =>
  new Promise((resolve, reject) => fsOpen(path, flags, mode, done(resolve, reject)));

export const fstat = (fd: number): Promise<Stats> =>
  new Promise((resolve, reject) => fsFstat(fd, done(resolve, reject)));

export const stat = (path: string): Promise<Stats> =>
  new Promise((resolve, reject) => fsStat(path, done(resolve, reject)));

export const lstat = (path: string): Promise<Stats> =>
  new Promise((resolve, reject) => fsLstat(path, done(resolve, reject)));

export const readlink = (path: string): Promise<string> =>
  new Promise((resolve, reject) => fsReadlink(path, done(resolve, reject)));

export const access = (path: string, mode: number): Promise<void> =>
  new Promise((resolve, reject) => fsAccess(path, mode, (e) => (e ? reject(e) : resolve())));

export const fchmod = (fd: number, mode: number): Promise<void> =>
  new Promise((resolve, reject) => fsFchmod(fd, mode, (e) => (e ? reject(e) : resolve())));

export const fchown = (fd: number, uid: number, gid: number): Promise<void> =>
  new Promise((resolve, reject) => fsFchown(fd, uid, gid, (e) => (e ? reject(e) : resolve())));

export const close = (fd: number): Promise<void> =>
  new Promise((resolve, reject) => fsClose(fd, (e) => (e ? reject(e) : resolve())));

/** One positional read into buf[offset, offset + length): the number of bytes read (may be short). */
export const read = (fd: number, buf: Uint8Array, offset: number, length: number, position: number): Promise<number> =>
  new Promise((resolve, reject) => fsRead(fd, buf, offset, length, position, done(resolve, reject)));

/** One write of buf[offset, offset + length) at the current position: bytes written (may be short). */
export const write = (fd: number, buf: Uint8Array, offset: number, length: number): Promise<number> =>
  new Promise((resolve, reject) => fsWrite(fd, buf, offset, length, null, done(resolve, reject)));

export const rename = (from: string, to: string): Promise<void> =>
  new Promise((resolve, reject) => fsRename(from, to, (e) => (e ? reject(e) : resolve())));

export const unlink = (path: string): Promise<void> =>
  new Promise((resolve, reject) => fsUnlink(path, (e) => (e ? reject(e) : resolve())));
