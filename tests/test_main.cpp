// doctest's runner for every test program: the test date is checked before any test runs.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "tests/test_environment.hpp"

#include <cstdio>

int main(int argc, char** argv) {
    // A mistyped DIGICOACH_TEST_DATE stops the whole run before any test, with one clear
    // message, instead of failing test after test.
    if (const auto problem = dc::test::testDateProblem()) {
        std::fprintf(stderr, "%s\n", problem->c_str());
        return 2;
    }
    doctest::Context context(argc, argv);
    return context.run();
}
