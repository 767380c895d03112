// Flags read from NANO_* variables, overridden by the command line, and a bad
// value stopping the program with a message naming the variable.
#include "libs/flags/env_flags.h"

#include <cstdlib>

#include "absl/flags/flag.h"
#include "gtest/gtest.h"

ABSL_FLAG(int, env_flags_test_port, 1, "A flag for this test.");
ABSL_FLAG(std::string, env_flags_test_name, "default", "A flag for this test.");

namespace nanoinfluence {
namespace {

TEST(EnvFlagsTest, NamesTheVariable) {
  EXPECT_EQ(EnvironmentVariableForFlag("data_dir"), "NANO_DATA_DIR");
}

TEST(EnvFlagsTest, EnvironmentSetsAndCommandLineWins) {
  setenv("NANO_ENV_FLAGS_TEST_PORT", "7100", 1);
  setenv("NANO_ENV_FLAGS_TEST_NAME", "from-env", 1);
  char program[] = "test";
  char name_flag[] = "--env_flags_test_name=from-command-line";
  char* argv[] = {program, name_flag};
  ParseFlagsWithEnvironment(2, argv, "test");
  EXPECT_EQ(absl::GetFlag(FLAGS_env_flags_test_port), 7100);
  EXPECT_EQ(absl::GetFlag(FLAGS_env_flags_test_name), "from-command-line");
  unsetenv("NANO_ENV_FLAGS_TEST_PORT");
  unsetenv("NANO_ENV_FLAGS_TEST_NAME");
}

TEST(EnvFlagsDeathTest, BadValueStopsWithTheVariableName) {
  EXPECT_EXIT(
      {
        setenv("NANO_ENV_FLAGS_TEST_PORT", "seventy", 1);
        char program[] = "test";
        char* argv[] = {program};
        ParseFlagsWithEnvironment(1, argv, "test");
      },
      ::testing::ExitedWithCode(2), "NANO_ENV_FLAGS_TEST_PORT");
}

}  // namespace
}  // namespace nanoinfluence
