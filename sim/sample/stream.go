package sample

import (
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"
)

// Stream returns the random source of one named stream of one run: ChaCha8
// keyed by the SHA-256 digest of the seed and the run index (each as 8
// little-endian bytes) followed by the name's bytes. A run's random numbers
// therefore depend only on (seed, run, name), never on workers, shards or
// the order in which runs finish, and different names give independent
// streams.
func Stream(seed uint64, run int, name string) *rand.Rand {
	h := sha256.New()
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], seed)
	binary.LittleEndian.PutUint64(b[8:], uint64(run))
	h.Write(b[:])
	h.Write([]byte(name))
	var key [32]byte
	h.Sum(key[:0])
	return rand.New(rand.NewChaCha8(key))
}
