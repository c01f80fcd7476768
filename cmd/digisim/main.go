// Command digisim simulates the growth of the digital economy of a region
// of member states under coordinated digital-commerce policy.
//
// Run "digisim help" for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := exitCode(ctx, run(ctx, os.Args[1:], os.Stdout, os.Stderr), os.Stderr)
	stop() // after exitCode: stopping cancels ctx, which reads as an interrupt
	os.Exit(code)
}
