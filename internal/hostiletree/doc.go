// Package hostiletree holds the hostile inputs that runtime/apply's Apply
// and the shell script runtime/render writes must both withstand, so the
// two are tested on the same ones:
//
//   - ArchiveRules, the one list of the rules every entry of a release
//     archive must follow before any member is installed, each with
//     archives that break it;
//   - Trees, roots prepared against [Plan] with links, FIFOs, files and
//     directories in the way, each saying whether the plan must be refused;
//   - Generate, which plants a random such root from fuzz input.
//
// Every link planted to leave the root points into a separate "outside"
// directory the caller snapshots, so a test can check that nothing outside
// the root changed. Nothing here touches the host beyond the two
// directories it is given.
package hostiletree
