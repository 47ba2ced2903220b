// Subcommands that work on a platform database: migrate, backup, demo, user, audit.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "cli/cli.h"
#include "service/platform.h"

namespace suiji::cli {

struct PlatformOpenOptions {
  std::string db_url;
  std::string key_file;      // empty: derived from the database location
  std::string pii_key_file;  // empty: "pii.key" beside the signing key
  bool migrate = true;       // apply pending migrations first
};

// Supplied by the composition root: opens the database and wires the services.
using PlatformFactory =
    std::function<StatusOr<std::unique_ptr<service::Platform>>(const PlatformOpenOptions&)>;

// The default database when --db is not given: $SUIJI_DB or sqlite://./data/suiji.db.
std::string DefaultDbUrl();

// Adds --db and --key-file to a subcommand.
void AddDbOptions(CLI::App* cmd, PlatformOpenOptions& opts);

void AddPlatformCommands(CLI::App& app, Context& ctx, const PlatformFactory& factory);

}  // namespace suiji::cli
