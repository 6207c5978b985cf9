// The ApprovalsWeb module: pages for people and JSON for DfE and Ofqual, on top of HTTPServer.
