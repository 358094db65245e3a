import { parseArgs } from "node:util";
import { ConfigError } from "../core/config.ts";
import { commands, type Command } from "./commands.ts";

const USAGE = `Liên Thông — dòng lệnh quản trị / administration command line

Cách dùng / usage: lienthong <command> [options]

${commands.map((c) => `  ${c.name.padEnd(14)} ${c.summary}`).join("\n")}

Mỗi lệnh có --help. / Every command takes --help.
Cấu hình qua biến môi trường (PORT, HOST, DATA_DIR, PUBLIC_URL, DATABASE_URL, ...); xem README.`;

function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  for (const command of commands) {
    const words = command.name.split(" ");
    if (words.every((word, i) => argv[i] === word))
      return { command, rest: argv.slice(words.length) };
  }
  return undefined;
}

async function main(argv: string[]) {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    console.log(USAGE);
    return 0;
  }
  const found = findCommand(argv);
  if (!found) {
    console.error(`Không có lệnh "${argv.join(" ")}". / Unknown command.\n\n${USAGE}`);
    return 2;
  }
  const { command, rest } = found;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: "boolean", short: "h" } },
      allowPositionals: command.positionals !== undefined,
      strict: true,
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${command.usage}`);
    return 2;
  }
  const { min = 0, max = 0 } = command.positionals ?? {};
  if (!parsed.values.help && (parsed.positionals.length < min || parsed.positionals.length > max)) {
    console.error(`Số tham số không đúng. / Wrong number of arguments.\n\n${command.usage}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(command.usage);
    return 0;
  }
  return command.run(
    parsed.values as Record<string, string | boolean | undefined>,
    parsed.positionals,
  );
}

try {
  const code = await main(process.argv.slice(2));
  if (code !== undefined) process.exitCode = code;
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Lỗi cấu hình / configuration error: ${error.message}`);
    process.exitCode = 78;
  } else {
    console.error(error);
    process.exitCode = 1;
  }
}
