import { describeVendorPackages } from './vendorSuite';

describeVendorPackages();
