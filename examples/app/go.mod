module greenlight.local/examples/app

go 1.22
