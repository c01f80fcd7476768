package brief

import (
	"os"
	"testing"
)

// TestWriteFixture writes the fixture brief to $BRIEF_FIXTURE_DIR, for
// looking at it (scripts/brief-check.sh); it does nothing otherwise.
func TestWriteFixture(t *testing.T) {
	dir := os.Getenv("BRIEF_FIXTURE_DIR")
	if dir == "" {
		t.Skip("BRIEF_FIXTURE_DIR not set")
	}
	if err := Write(dir, fixture(t)); err != nil {
		t.Fatal(err)
	}
}
