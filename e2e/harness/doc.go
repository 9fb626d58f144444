// Package harness holds what every end-to-end test needs: finding the real
// programs (failing, not skipping, on CI), a hermetic `systemd-analyze
// verify`, cloud-init's schema check and Ignition's parser, and daemon
// processes that are always stopped by their PID.
package harness
