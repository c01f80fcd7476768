package export

import (
	"os"
	"testing"

	"github.com/digisim/digisim/internal/testtmp"
)

// TestMain puts the tests' output folders in memory where the system
// allows (internal/testtmp): every file they write is committed with fsync.
func TestMain(m *testing.M) { os.Exit(testtmp.Run(m)) }
