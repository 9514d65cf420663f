export const mainHelp = `Usage: pulseboard <command> [options]

Commands:
  serve            run the server and the control panel
  users            manage accounts (add, remove, passwd, list)
  board check      list the GPIO chips and lines; check a board file against them

Options:
  -h, --help       show help (also: pulseboard <command> --help)
  -v, --version    print the version
`;

export const serveHelp = `Usage: pulseboard serve [options]

  --host HOST            address to listen on (default 0.0.0.0)
  --port N               port (default 8080; 0 = any free port)
  --data DIR             users, audit log and chat history (default .pulseboard)
  --board sim|FILE       the simulated board, or a board description (.json/.yaml)
  --max-users N          distinct users connected at once (default 10)
  --max-connections-per-user N
                         tabs/windows (WebSocket or event streams) one user may hold at once;
                         the next is closed with 4408 "Too many connections" (default 8)
  --allow CIDR,...       address allowlist (default: everyone)
  --no-basic             refuse HTTP Basic (Digest only)
  --tls-cert FILE        serve HTTPS with this certificate ...
  --tls-key FILE         ... and this key
  --liveness PRESET      lan-fast (default), wifi-tolerant or cellular: detection budgets
                         (WebSocket 0.45/0.9/3 s, TCP 2.5/3/6 s) that tolerate that link's loss
  --liveness-beat MODE   kernel (default where Linux >= 6.15 lets the RTO floor be lowered: a
                         one-way beat the kernel judges, less CPU) or ping (a ping every beat)
  --tcp-budget-ms N      longest a vanished TCP peer goes unnoticed (preset's, min 2000)
  --heartbeat-ms N       WebSocket ping interval (preset's: 250, 250, 1000)
  --grace-ms N           how long a dropped session may resume (default 30000)
  --sim-latency-ms N     simulated hardware latency (default 100)
  --storage-sync MODE    full (default: an acknowledged audit row survives power loss) or
                         normal (survives a crash of the process, not a power cut; less SD wear)
  -h, --help             show this help

The first run on an empty data dir creates the user "admin" and prints its password once
(or takes it from PULSEBOARD_ADMIN_PASSWORD). A flag given twice keeps its last value.
`;

export const usersHelp = `Usage: pulseboard users <add|remove|passwd|list> [options]

  pulseboard users add NAME --role admin|operator|viewer --password-stdin [--data DIR]
  pulseboard users passwd NAME --password-stdin [--data DIR]
  pulseboard users remove NAME [--data DIR]
  pulseboard users list [--data DIR] [--json]

  --data DIR          the server's data dir (default .pulseboard)
  --password-stdin    read the password from standard input (never from the command line)
  -h, --help          show this help
`;

export const boardHelp = `Usage: pulseboard board check [FILE] [--dev DIR]

Without FILE: lists every GPIO chip and line present, like gpioinfo.
With FILE: validates the board file, then checks each of its lines against the chips present
(chip and line found, not held by another program). Exits 1 if any line has a problem.

  --dev DIR     where the gpiochipN devices are (default /dev)
`;
