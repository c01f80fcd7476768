// Command digisim simulates the growth of the digital economy of a region
// of member states under coordinated digital-commerce policy.
//
// Run "digisim help" for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// stopSignals end a command the way Ctrl-C does: SIGTERM is what Slurm,
// timeout(1) and container runtimes send, SIGHUP what a closed terminal
// sends. Each cancels the command's context, so that a sweep keeps its
// rows for --resume, releases its folder's lock and says so.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

func main() {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, stopSignals...)
	go func() {
		s := <-sigs
		cancel(interrupt{s})
		// A second signal goes to the default handler: it ends the process.
		signal.Reset(stopSignals...)
	}()
	code := exitCode(ctx, run(ctx, os.Args[1:], os.Stdout, os.Stderr), os.Stderr)
	os.Exit(code)
}
