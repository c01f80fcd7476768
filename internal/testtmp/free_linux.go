package testtmp

import "syscall"

// free returns the bytes an unprivileged user may still write in the file
// system of dir, 0 if it cannot be read.
func free(dir string) uint64 {
	var st syscall.Statfs_t
	if syscall.Statfs(dir, &st) != nil {
		return 0
	}
	return st.Bavail * uint64(st.Bsize)
}
