// Package badinput holds no code: its test runs the digisim binary, as a
// child process, over the bad-input corpus in testdata/bad at the top of
// the repository and checks each case's exit code and message. With
// -short it runs the first case of each group (item); without, every
// case, as CI does.
package badinput
