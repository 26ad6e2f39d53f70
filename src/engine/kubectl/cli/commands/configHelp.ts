// `kubectl config … --help` texts and flags, as kubectl v1.32 prints them (generated from the
// real binary's help output; staging/src/k8s.io/kubectl/pkg/cmd/config).

import type { FlagSpec } from "../command";

export interface HelpText {
  readonly path: readonly string[];
  readonly use: string;
  readonly short: string;
  readonly long?: string;
  readonly example?: string;
  readonly aliases?: readonly string[];
  readonly flags: readonly FlagSpec[];
}

export const CONFIG_HELP: Readonly<Record<string, HelpText>> = {
  config: {
    path: ["config"],
    use: "config SUBCOMMAND",
    short: "Modify kubeconfig files",
    long: 'Modify kubeconfig files using subcommands like "kubectl config set current-context my-context".\n\n The loading order follows these rules:\n\n  1.  If the --kubeconfig flag is set, then only that file is loaded. The flag may only be set once and no merging takes place.\n  2.  If $KUBECONFIG environment variable is set, then it is used as a list of paths (normal path delimiting rules for your system). These paths are merged. When a value is modified, it is modified in the file that defines the stanza. When a value is created, it is created in the first file that exists. If no files in the chain exist, then it creates the last file in the list.\n  3.  Otherwise, ${HOME}/.kube/config is used and no merging takes place.',
    flags: [],
  },
  "current-context": {
    path: ["config", "current-context"],
    use: "current-context [flags]",
    short: "Display the current-context",
    long: "Display the current-context.",
    example: "  # Display the current-context\n  kubectl config current-context",
    flags: [],
  },
  "delete-cluster": {
    path: ["config", "delete-cluster"],
    use: "delete-cluster NAME",
    short: "Delete the specified cluster from the kubeconfig",
    long: "Delete the specified cluster from the kubeconfig.",
    example: "  # Delete the minikube cluster\n  kubectl config delete-cluster minikube",
    flags: [],
  },
  "delete-context": {
    path: ["config", "delete-context"],
    use: "delete-context NAME",
    short: "Delete the specified context from the kubeconfig",
    long: "Delete the specified context from the kubeconfig.",
    example: "  # Delete the context for the minikube cluster\n  kubectl config delete-context minikube",
    flags: [],
  },
  "delete-user": {
    path: ["config", "delete-user"],
    use: "delete-user NAME",
    short: "Delete the specified user from the kubeconfig",
    long: "Delete the specified user from the kubeconfig.",
    example: "  # Delete the minikube user\n  kubectl config delete-user minikube",
    flags: [],
  },
  "get-clusters": {
    path: ["config", "get-clusters"],
    use: "get-clusters [flags]",
    short: "Display clusters defined in the kubeconfig",
    long: "Display clusters defined in the kubeconfig.",
    example: "  # List the clusters that kubectl knows about\n  kubectl config get-clusters",
    flags: [],
  },
  "get-contexts": {
    path: ["config", "get-contexts"],
    use: "get-contexts [(-o|--output=)name)]",
    short: "Describe one or many contexts",
    long: "Display one or many contexts from the kubeconfig file.",
    example:
      "  # List all the contexts in your kubeconfig file\n  kubectl config get-contexts\n  \n  # Describe one context in your kubeconfig file\n  kubectl config get-contexts my-context",
    flags: [
      {
        name: "no-headers",
        type: "bool",
        usage:
          "When using the default or custom-column output format, don't print headers (default print headers).",
      },
      {
        name: "output",
        type: "string",
        usage: "Output format. One of: (name).",
        shorthand: "o",
      },
    ],
  },
  "get-users": {
    path: ["config", "get-users"],
    use: "get-users [flags]",
    short: "Display users defined in the kubeconfig",
    long: "Display users defined in the kubeconfig.",
    example: "  # List the users that kubectl knows about\n  kubectl config get-users",
    flags: [],
  },
  "rename-context": {
    path: ["config", "rename-context"],
    use: "rename-context CONTEXT_NAME NEW_NAME",
    short: "Rename a context from the kubeconfig file",
    long: "Renames a context from the kubeconfig file.\n\n CONTEXT_NAME is the context name that you want to change.\n\n NEW_NAME is the new name you want to set.\n\n Note: If the context being renamed is the 'current-context', this field will also be updated.",
    example:
      "  # Rename the context 'old-name' to 'new-name' in your kubeconfig file\n  kubectl config rename-context old-name new-name",
    flags: [],
  },
  set: {
    path: ["config", "set"],
    use: "set PROPERTY_NAME PROPERTY_VALUE",
    short: "Set an individual value in a kubeconfig file",
    long: "Set an individual value in a kubeconfig file.\n\n PROPERTY_NAME is a dot delimited name where each token represents either an attribute name or a map key.  Map keys may not contain dots.\n\n PROPERTY_VALUE is the new value you want to set. Binary fields such as 'certificate-authority-data' expect a base64 encoded string unless the --set-raw-bytes flag is used.\n\n Specifying an attribute name that already exists will merge new fields on top of existing values.",
    example:
      '  # Set the server field on the my-cluster cluster to https://1.2.3.4\n  kubectl config set clusters.my-cluster.server https://1.2.3.4\n  \n  # Set the certificate-authority-data field on the my-cluster cluster\n  kubectl config set clusters.my-cluster.certificate-authority-data $(echo "cert_data_here" | base64 -i -)\n  \n  # Set the cluster field in the my-context context to my-cluster\n  kubectl config set contexts.my-context.cluster my-cluster\n  \n  # Set the client-key-data field in the cluster-admin user using --set-raw-bytes option\n  kubectl config set users.cluster-admin.client-key-data cert_data_here --set-raw-bytes=true',
    flags: [
      {
        name: "set-raw-bytes",
        type: "bool",
        usage:
          "When writing a []byte PROPERTY_VALUE, write the given string directly without base64 decoding.",
      },
    ],
  },
  "set-cluster": {
    path: ["config", "set-cluster"],
    use: "set-cluster NAME [--server=server] [--certificate-authority=path/to/certificate/authority] [--insecure-skip-tls-verify=true] [--tls-server-name=example.com]",
    short: "Set a cluster entry in kubeconfig",
    long: "Set a cluster entry in kubeconfig.\n\n Specifying a name that already exists will merge new fields on top of existing values for those fields.",
    example:
      "  # Set only the server field on the e2e cluster entry without touching other values\n  kubectl config set-cluster e2e --server=https://1.2.3.4\n  \n  # Embed certificate authority data for the e2e cluster entry\n  kubectl config set-cluster e2e --embed-certs --certificate-authority=~/.kube/e2e/kubernetes.ca.crt\n  \n  # Disable cert checking for the e2e cluster entry\n  kubectl config set-cluster e2e --insecure-skip-tls-verify=true\n  \n  # Set the custom TLS server name to use for validation for the e2e cluster entry\n  kubectl config set-cluster e2e --tls-server-name=my-cluster-name\n  \n  # Set the proxy URL for the e2e cluster entry\n  kubectl config set-cluster e2e --proxy-url=https://1.2.3.4",
    flags: [
      {
        name: "certificate-authority",
        type: "string",
        usage: "Path to certificate-authority file for the cluster entry in kubeconfig",
      },
      {
        name: "embed-certs",
        type: "bool",
        usage: "embed-certs for the cluster entry in kubeconfig",
      },
      {
        name: "insecure-skip-tls-verify",
        type: "bool",
        usage: "insecure-skip-tls-verify for the cluster entry in kubeconfig",
      },
      {
        name: "proxy-url",
        type: "string",
        usage: "proxy-url for the cluster entry in kubeconfig",
      },
      {
        name: "server",
        type: "string",
        usage: "server for the cluster entry in kubeconfig",
      },
      {
        name: "tls-server-name",
        type: "string",
        usage: "tls-server-name for the cluster entry in kubeconfig",
      },
    ],
  },
  "set-context": {
    path: ["config", "set-context"],
    use: "set-context [NAME | --current] [--cluster=cluster_nickname] [--user=user_nickname] [--namespace=namespace]",
    short: "Set a context entry in kubeconfig",
    long: "Set a context entry in kubeconfig.\n\n Specifying a name that already exists will merge new fields on top of existing values for those fields.",
    example:
      "  # Set the user field on the gce context entry without touching other values\n  kubectl config set-context gce --user=cluster-admin",
    flags: [
      {
        name: "cluster",
        type: "string",
        usage: "cluster for the context entry in kubeconfig",
      },
      {
        name: "current",
        type: "bool",
        usage: "Modify the current context",
      },
      {
        name: "namespace",
        type: "string",
        usage: "namespace for the context entry in kubeconfig",
      },
      {
        name: "user",
        type: "string",
        usage: "user for the context entry in kubeconfig",
      },
    ],
  },
  "set-credentials": {
    path: ["config", "set-credentials"],
    use: "set-credentials NAME [--client-certificate=path/to/certfile] [--client-key=path/to/keyfile] [--token=bearer_token] [--username=basic_user] [--password=basic_password] [--auth-provider=provider_name] [--auth-provider-arg=key=value] [--exec-command=exec_command] [--exec-api-version=exec_api_version] [--exec-arg=arg] [--exec-env=key=value]",
    short: "Set a user entry in kubeconfig",
    long: "Set a user entry in kubeconfig.\n\n Specifying a name that already exists will merge new fields on top of existing values.\n\n        Client-certificate flags:\n        --client-certificate=certfile --client-key=keyfile\n        \n        Bearer token flags:\n        --token=bearer_token\n        \n        Basic auth flags:\n        --username=basic_user --password=basic_password\n        \n Bearer token and basic auth are mutually exclusive.",
    example:
      '  # Set only the "client-key" field on the "cluster-admin"\n  # entry, without touching other values\n  kubectl config set-credentials cluster-admin --client-key=~/.kube/admin.key\n  \n  # Set basic auth for the "cluster-admin" entry\n  kubectl config set-credentials cluster-admin --username=admin --password=uXFGweU9l35qcif\n  \n  # Embed client certificate data in the "cluster-admin" entry\n  kubectl config set-credentials cluster-admin --client-certificate=~/.kube/admin.crt --embed-certs=true\n  \n  # Enable the Google Compute Platform auth provider for the "cluster-admin" entry\n  kubectl config set-credentials cluster-admin --auth-provider=gcp\n  \n  # Enable the OpenID Connect auth provider for the "cluster-admin" entry with additional arguments\n  kubectl config set-credentials cluster-admin --auth-provider=oidc --auth-provider-arg=client-id=foo --auth-provider-arg=client-secret=bar\n  \n  # Remove the "client-secret" config value for the OpenID Connect auth provider for the "cluster-admin" entry\n  kubectl config set-credentials cluster-admin --auth-provider=oidc --auth-provider-arg=client-secret-\n  \n  # Enable new exec auth plugin for the "cluster-admin" entry\n  kubectl config set-credentials cluster-admin --exec-command=/path/to/the/executable --exec-api-version=client.authentication.k8s.io/v1beta1\n  \n  # Enable new exec auth plugin for the "cluster-admin" entry with interactive mode\n  kubectl config set-credentials cluster-admin --exec-command=/path/to/the/executable --exec-api-version=client.authentication.k8s.io/v1beta1 --exec-interactive-mode=Never\n  \n  # Define new exec auth plugin arguments for the "cluster-admin" entry\n  kubectl config set-credentials cluster-admin --exec-arg=arg1 --exec-arg=arg2\n  \n  # Create or update exec auth plugin environment variables for the "cluster-admin" entry\n  kubectl config set-credentials cluster-admin --exec-env=key1=val1 --exec-env=key2=val2\n  \n  # Remove exec auth plugin environment variables for the "cluster-admin" entry\n  kubectl config set-credentials cluster-admin --exec-env=var-to-remove-',
    flags: [
      {
        name: "auth-provider",
        type: "string",
        usage: "Auth provider for the user entry in kubeconfig",
      },
      {
        name: "auth-provider-arg",
        type: "stringArray",
        usage: "'key=value' arguments for the auth provider",
      },
      {
        name: "client-certificate",
        type: "string",
        usage: "Path to client-certificate file for the user entry in kubeconfig",
      },
      {
        name: "client-key",
        type: "string",
        usage: "Path to client-key file for the user entry in kubeconfig",
      },
      {
        name: "embed-certs",
        type: "bool",
        usage: "Embed client cert/key for the user entry in kubeconfig",
      },
      {
        name: "exec-api-version",
        type: "string",
        usage: "API version of the exec credential plugin for the user entry in kubeconfig",
      },
      {
        name: "exec-arg",
        type: "stringArray",
        usage: "New arguments for the exec credential plugin command for the user entry in kubeconfig",
      },
      {
        name: "exec-command",
        type: "string",
        usage: "Command for the exec credential plugin for the user entry in kubeconfig",
      },
      {
        name: "exec-env",
        type: "stringArray",
        usage: "'key=value' environment values for the exec credential plugin",
      },
      {
        name: "exec-interactive-mode",
        type: "string",
        usage: "InteractiveMode of the exec credentials plugin for the user entry in kubeconfig",
      },
      {
        name: "exec-provide-cluster-info",
        type: "bool",
        usage: "ProvideClusterInfo of the exec credentials plugin for the user entry in kubeconfig",
      },
      {
        name: "password",
        type: "string",
        usage: "password for the user entry in kubeconfig",
      },
      {
        name: "token",
        type: "string",
        usage: "token for the user entry in kubeconfig",
      },
      {
        name: "username",
        type: "string",
        usage: "username for the user entry in kubeconfig",
      },
    ],
  },
  unset: {
    path: ["config", "unset"],
    use: "unset PROPERTY_NAME",
    short: "Unset an individual value in a kubeconfig file",
    long: "Unset an individual value in a kubeconfig file.\n\n PROPERTY_NAME is a dot delimited name where each token represents either an attribute name or a map key.  Map keys may not contain dots.",
    example:
      "  # Unset the current-context\n  kubectl config unset current-context\n  \n  # Unset namespace in foo context\n  kubectl config unset contexts.foo.namespace",
    flags: [],
  },
  "use-context": {
    path: ["config", "use-context"],
    use: "use-context CONTEXT_NAME",
    short: "Set the current-context in a kubeconfig file",
    long: "Set the current-context in a kubeconfig file.",
    aliases: ["use"],
    example: "  # Use the context for the minikube cluster\n  kubectl config use-context minikube",
    flags: [],
  },
  view: {
    path: ["config", "view"],
    use: "view [flags]",
    short: "Display merged kubeconfig settings or a specified kubeconfig file",
    long: "Display merged kubeconfig settings or a specified kubeconfig file.\n\n You can use --output jsonpath={...} to extract specific values using a jsonpath expression.",
    example:
      "  # Show merged kubeconfig settings\n  kubectl config view\n  \n  # Show merged kubeconfig settings, raw certificate data, and exposed secrets\n  kubectl config view --raw\n  \n  # Get the password for the e2e user\n  kubectl config view -o jsonpath='{.users[?(@.name == \"e2e\")].user.password}'",
    flags: [
      {
        name: "allow-missing-template-keys",
        type: "bool",
        usage:
          "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.",
        default: "true",
      },
      {
        name: "flatten",
        type: "bool",
        usage:
          "Flatten the resulting kubeconfig file into self-contained output (useful for creating portable kubeconfig files)",
      },
      {
        name: "merge",
        type: "bool",
        usage: "Merge the full hierarchy of kubeconfig files",
        default: "true",
      },
      {
        name: "minify",
        type: "bool",
        usage: "Remove all information not used by current-context from the output",
      },
      {
        name: "output",
        type: "string",
        usage:
          "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).",
        shorthand: "o",
        default: "yaml",
      },
      {
        name: "raw",
        type: "bool",
        usage: "Display raw byte data and sensitive data",
      },
      {
        name: "show-managed-fields",
        type: "bool",
        usage: "If true, keep the managedFields when printing objects in JSON or YAML format.",
      },
      {
        name: "template",
        type: "string",
        usage:
          "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].",
      },
    ],
  },
};
