from lupex.cli import console_main

console_main()
