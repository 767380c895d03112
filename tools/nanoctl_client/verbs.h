// The verbs of nanoctl-client that speak to a running suite's services
// (report, recount). main.cc parses the flags and hands each verb its
// arguments and a VerbContext.
//
// Exit codes: 0 done; 1 the suite or the call failed (the message says
// which service and what to do); 2 bad usage; 3 (recount) the stored
// figures differ from a recount.
#pragma once

#include <string>
#include <vector>

#include "tools/nanoctl_client/local_suite.h"

namespace nanoinfluence::tools {

struct VerbContext {
  LocalSuiteOptions suite;
  // report: write the HTML export to this file.
  std::string html_file;
  // report: write the CSV export into this directory.
  std::string csv_dir;
};

// report <campaign>: the terminal table, or the HTML or CSV export.
int ReportVerb(const std::vector<std::string>& args,
               const VerbContext& context);
// recount <campaign>: kpi's recount from its event log, compare only.
int RecountVerb(const std::vector<std::string>& args,
                const VerbContext& context);

}  // namespace nanoinfluence::tools
