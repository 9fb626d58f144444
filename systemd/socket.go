package systemd

// Socket is the [Socket] section of a .socket unit: the socket systemd
// listens on and hands to the service when a client connects.
type Socket struct {
	// ListenStream is ListenStream=: stream sockets to listen on, each a
	// filesystem path (/run/docker.sock), "@" and an abstract name, a port,
	// or an address:port. An empty element clears every Listen*= before it.
	ListenStream []string
	// SocketMode is SocketMode= (default "0666"): the octal access mode of a
	// socket file, from "0000" to "0777".
	SocketMode string
	// SocketUser is SocketUser= (default root): the owner of the socket file.
	SocketUser string
	// SocketGroup is SocketGroup= (default root): the group of the socket
	// file; Docker uses "docker" so its members may use the API.
	SocketGroup string
	// Service is Service= (default the socket's own name with .service): the
	// service activated by the socket.
	Service string
	// Accept is Accept= (default no): yes starts one service instance per
	// connection, as inetd did.
	Accept *bool
	// RemoveOnStop is RemoveOnStop= (default no): remove the socket file
	// when the socket unit stops.
	RemoveOnStop *bool
	// Extra holds [Socket] keys not modelled here, in order.
	Extra []Option
}

var socketCodec = &sectionCodec[Socket]{
	name:  "Socket",
	extra: func(s *Socket) *[]Option { return &s.Extra },
	keys: []keyDef[Socket]{
		listKey("ListenStream", func(s *Socket) *[]string { return &s.ListenStream }, false, checkListen),
		textKey("SocketMode", func(s *Socket) *string { return &s.SocketMode }, checkSocketMode),
		textKey("SocketUser", func(s *Socket) *string { return &s.SocketUser }, checkUser),
		textKey("SocketGroup", func(s *Socket) *string { return &s.SocketGroup }, checkUser),
		textKey("Service", func(s *Socket) *string { return &s.Service }, checkUnitOfKind(".service")),
		boolKey("Accept", func(s *Socket) **bool { return &s.Accept }),
		boolKey("RemoveOnStop", func(s *Socket) **bool { return &s.RemoveOnStop }),
	},
}
