import { openUserStore, ROLES, type UserRole } from '@pulseboard/core/auth/index';
import { parse, stringOption } from './args.js';
import { CliError } from './cli-error.js';
import { usersHelp } from './help.js';
import { readPassword } from './stdin.js';

const common = {
  data: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const specs = {
  add: { ...common, role: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
  passwd: { ...common, 'password-stdin': { type: 'boolean' } },
  remove: common,
  list: { ...common, json: { type: 'boolean' } },
} as const;

type Sub = keyof typeof specs;

export async function runUsers(
  argv: string[],
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    process.stdout.write(usersHelp);
    return sub === undefined ? 2 : 0;
  }
  if (!(sub in specs)) throw new CliError(`users: unknown subcommand '${sub}' (add, remove, passwd, list)`);
  const cmd = `users ${sub}`;
  const { values, positionals } = parse(cmd, specs[sub as Sub], rest, sub === 'list' ? 0 : 1);
  if (values.help) {
    process.stdout.write(usersHelp);
    return 0;
  }
  const dataDir = stringOption(values.data) ?? '.pulseboard';
  if (dataDir === '') throw new CliError(`${cmd}: --data must not be empty`);
  const users = openUserStore({ dataDir });
  if (sub === 'list') {
    const list = users.list();
    if (values.json) process.stdout.write(`${JSON.stringify(list)}\n`);
    else for (const u of list) process.stdout.write(`${u.name}\t${u.role}\n`);
    return 0;
  }
  const name = positionals[0];
  if (!name) throw new CliError(`${cmd}: missing user NAME`);
  if (sub === 'remove') {
    users.remove(name);
    process.stdout.write(`Removed user "${name}".\n`);
    return 0;
  }
  if (!values['password-stdin'])
    throw new CliError(`${cmd}: --password-stdin is required (passwords never go on the command line)`);
  if (sub === 'add') {
    const role = stringOption(values.role);
    if (!role) throw new CliError(`${cmd}: --role is required (${ROLES.join(', ')})`);
    if (!(ROLES as readonly string[]).includes(role)) {
      throw new CliError(`${cmd}: --role must be one of ${ROLES.join(', ')} (got '${role}')`);
    }
    const password = await readPassword(stdin, cmd);
    await users.add(name, password, role as UserRole);
    process.stdout.write(`Added user "${name}" (role ${role}).\n`);
    return 0;
  }
  const password = await readPassword(stdin, cmd);
  await users.passwd(name, password);
  process.stdout.write(`Changed the password of "${name}".\n`);
  return 0;
}
