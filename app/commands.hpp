// What `digicoach` does for each command: open the window, write demo data, print
// the version or the help. main() only hands over its arguments.
#pragma once

#include "app/cli.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace dc::app {

// Runs the command line; returns the process exit code.
int runCommandLine(const std::vector<std::string>& args);

// `digicoach demo`: fills the database at options.databasePath and prints one line.
int writeDemoData(const CliOptions& options, std::ostream& out, std::ostream& err);

// `digicoach sync`: one push and pull; exit code 0 only when nothing is left to push.
int syncOnceCommand(const CliOptions& options, std::ostream& out, std::ostream& err);

// `digicoach report`: the yearly figures as JSON or CSV on `out`.
int reportCommand(const CliOptions& options, std::ostream& out, std::ostream& err);

// `digicoach import`: one reference list from a CSV file, all lines or none. Problems go
// to `err`, one per line with its line number; exit code 1 when nothing was imported.
int importCommand(const CliOptions& options, std::ostream& out, std::ostream& err);

// Picks the language for command-line messages from the environment; Dutch unless English is asked for.
std::string commandLineLanguage();

}  // namespace dc::app
