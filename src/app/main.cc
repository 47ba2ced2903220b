// The composition root: the only place that names concrete implementations.
#include <iostream>

#include "app/version.h"
#include "cli/cli.h"
#include "cli/draw_command.h"

int main(int argc, char** argv) {
  suiji::cli::Context ctx{std::cin, std::cout, std::cerr};
  CLI::App app{"Suiji 双随机、一公开监管平台", "suiji"};
  app.set_version_flag("--version", std::string("suiji ") + suiji::kVersion);
  app.require_subcommand(1);
  suiji::cli::AddDrawCommands(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return ctx.exit_code;
}
