// Package atomicfile writes files so that a reader, or a later run, sees
// either the old content or the complete new content, never a half-written
// file that looks whole.
//
// # How
//
// The content goes to a hidden temporary file in the target's directory
// (so the final rename stays within one file system and is atomic on POSIX
// systems), which is synced, closed and renamed over the target. If
// anything fails, or the caller aborts, the temporary file is removed and an
// existing target is left untouched. A process killed mid-write may leave a
// temporary file named ".<name>.tmp-*" behind; it never has the target's
// name.
package atomicfile
