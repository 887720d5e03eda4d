// Entry point of the digicoach program: hands the arguments to the command runner.
#include "app/commands.hpp"

int main(int argc, char** argv) { return dc::app::runCommandLine(std::vector<std::string>(argv + 1, argv + argc)); }
