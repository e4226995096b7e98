import { ConnectionString } from 'mongodb-connection-string-url';

/**
 * The database named in a connection string's path (`mongodb://host/mydb` gives `mydb`), as
 * the driver and mongosh read it; undefined when the path is empty or the URL does not parse
 * (the URL's own validation reports that).
 */
export function databaseInUrl(url: string): string | undefined {
  try {
    const path = new ConnectionString(url).pathname.replace(/^\//, '');
    return path === '' ? undefined : decodeURIComponent(path);
  } catch {
    return undefined;
  }
}
