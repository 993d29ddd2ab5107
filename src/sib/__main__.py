from sib.cli import main

main()
