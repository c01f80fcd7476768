// Package badinput holds no code: its test runs the digisim binary, as a
// child process, over the bad-input corpus in testdata/bad at the top of
// the repository and checks each case's exit code and message. With
// -short it skips (it builds the binary and runs every case); CI runs it.
package badinput
